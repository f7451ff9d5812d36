from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from outbox.services import register

        from . import signup

        register(signup.ACTIVATE_KIND, signup.render_activation)
        register(signup.ACCOUNT_EXISTS_KIND, signup.render_account_exists)
