from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zona.accounts.models import Membership, User
from zona.accounts.services import USER_FIELDS
from zona.audit.admin_mixins import AuditedAdminMixin, AuditedModelAdmin
from zona.audit.services import change_of, record


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    audit_fields = USER_FIELDS
    list_display = ["username", "nip", "email", "full_name", "is_active"]
    search_fields = ["username", "nip", "email", "full_name"]
    ordering = ["username"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Identity"), {"fields": ("nip", "full_name", "email")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "nip", "email", "full_name", "password1", "password2")}),
    )

    def user_change_password(self, request, id, form_url=""):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                record(request.user, change_of("user.password_set", user, after={"by": "admin"}))
        return response


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__full_name", "user__nip", "unit__name", "unit__code"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


def _permission_names(group: Group) -> list[str]:
    if group.pk is None:
        return []
    return sorted(
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdminMixin, DjangoGroupAdmin):
    """Groups grant permissions in the admin: each change is in the audit trail like any other
    (`group.created/updated/deleted`, and `group.permissions_changed` with both lists)."""

    audit_fields = ("name",)

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        group = form.instance
        before = _permission_names(group) if change else []
        super().save_related(request, form, formsets, change)
        after = _permission_names(group)
        if before != after:
            record(
                request.user,
                change_of(
                    "group.permissions_changed",
                    group,
                    before={"permissions": before},
                    after={"permissions": after},
                ),
            )
