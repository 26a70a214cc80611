from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Người dùng và phân quyền"

    def ready(self):
        from . import signals  # noqa: F401  (connects the token revocation)
