"""The pages of the Fund for the Poor, one module per subject: the books (funds, entries,
statements), poor households and houses, and the public page."""
