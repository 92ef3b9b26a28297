from importlib import import_module

from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "budgets.families"
    verbose_name = "公开模板"

    def ready(self):
        """Register each family's reader and builders with the shared kit, which never
        imports a family itself."""
        from budgets.disclosures.tables import register_builders
        from budgets.importers import registry

        from . import PACKAGES

        for package in PACKAGES:
            family = import_module(f"budgets.families.{package}").FAMILY
            registry.register(family)
            register_builders(family.builders)
