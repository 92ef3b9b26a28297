from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Profile, ProfileItem, Region, VehicleCount


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "region", "unit_type", "funding_type"]
    list_filter = ["kind", "unit_type", "funding_type", "region"]
    list_select_related = ["parent", "region"]
    search_fields = ["name", "code", "parent__name"]
    autocomplete_fields = ["region", "parent"]
    fieldsets = [
        (None, {"fields": ["region", "kind", "parent", "code", "name"]}),
        (_("性质"), {"fields": ["unit_type", "funding_type"]}),
    ]


class ProfileItemInline(admin.TabularInline):
    model = ProfileItem
    extra = 0
    fields = ["kind", "number", "title", "text"]


class VehicleCountInline(admin.TabularInline):
    model = VehicleCount
    extra = 0


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "staff_authorised", "staff_actual", "retirees"]
    list_filter = ["year", "organisation__region"]
    # by region and organisation, as organisations are listed (the model orders by id)
    ordering = ["organisation", "-year"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "organisation__code"]
    autocomplete_fields = ["organisation"]
    inlines = [ProfileItemInline, VehicleCountInline]
    fieldsets = [
        (None, {"fields": ["organisation", "year", "duties_intro", "history"]}),
        (
            _("人员情况"),
            {
                "fields": [
                    ("staff_authorised", "staff_authorised_administrative"),
                    ("staff_authorised_institution",),
                    ("staff_actual", "staff_actual_administrative", "staff_actual_institution"),
                    "retirees",
                ]
            },
        ),
        (
            _("资产"),
            {
                "fields": [
                    "assets_as_of",
                    ("vehicles", "vehicles_planned"),
                    ("equipment_count", "equipment_planned", "equipment_threshold"),
                ]
            },
        ),
    ]
