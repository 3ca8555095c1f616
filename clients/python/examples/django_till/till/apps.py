from django.apps import AppConfig


class TillConfig(AppConfig):
    name = "till"

    def ready(self) -> None:
        from . import customer_display

        # At start-up: a wrong hub URL or till id stops the server here, never during a sale.
        customer_display.open_displays()
