"""How the campaign is carried out: assignments, plans, activities, pilot models, budgets."""

__all__: list[str] = []
