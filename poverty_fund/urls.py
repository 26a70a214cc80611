app_name = "poverty_fund"

urlpatterns: list = []
