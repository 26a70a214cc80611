"""Load scenario (issue 8): 50 users working as the roles do, against gunicorn + PostgreSQL
with the demo data. Run by `make load` (bench/load.sh), which prints the p95 per page.

Province staff log in with a second factor, which a load generator cannot type; the province
is represented here by the read-only leaders' account (lanhdao.tinh), which reads the same
province pages (completeness, aggregate, reports)."""

import random
import re

from locust import HttpUser, between, task

PASSWORD = "MatTran@2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        page = self.client.get("/tai-khoan/login/", name="login page")
        token = CSRF.search(page.text).group(1)
        response = self.client.post(
            "/tai-khoan/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/tai-khoan/login/"},
            name="login",
        )
        if "/tai-khoan/login/" in response.url:
            raise RuntimeError(f"login failed for {self.username}")


class CommuneCommittee(PortalUser):
    weight = 4
    username = "xa.ductho"

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def results(self):
        self.client.get("/ket-qua/?year=2026", name="results index")

    @task(2)
    def fund(self):
        self.client.get("/quy/", name="fund list")

    @task(2)
    def activities(self):
        self.client.get("/hoat-dong/", name="activities")

    @task(1)
    def titles(self):
        self.client.get("/danh-hieu/", name="titles")


class ResidentialBoard(PortalUser):
    weight = 3
    username = "khudancu.ductho"

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def units(self):
        self.client.get("/dia-ban/", name="units")

    @task(2)
    def titles(self):
        self.client.get("/danh-hieu/", name="titles")


class DistrictCommittee(PortalUser):
    weight = 1
    username = "huyen.ductho"

    @task
    def tree_2024(self):
        self.client.get("/dia-ban/?year=2024", name="units 2024")

    @task
    def results_2024(self):
        self.client.get("/ket-qua/?year=2024", name="results index")


class ProvinceReader(PortalUser):
    weight = 1
    username = "lanhdao.tinh"

    @task(3)
    def completeness(self):
        self.client.get("/ket-qua/tien-do/?year=2026", name="completeness")

    @task(2)
    def aggregate(self):
        self.client.get("/ket-qua/tong-hop/?year=2025", name="aggregate")

    @task(1)
    def reports(self):
        self.client.get("/bao-cao/", name="reports")


class Public(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    @task
    def public_fund(self):
        self.client.get("/quy/cong-khai/", name="public fund index")

    @task
    def search(self):
        q = random.choice(["nguyen", "cong ty", "500000"])
        self.client.get(f"/quy/cong-khai/?q={q}", name="public fund search")
