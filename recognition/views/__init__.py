"""The pages of the titles and commendations, one module per subject."""
