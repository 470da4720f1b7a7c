from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from zona.accounts import views
from zona.accounts.forms import LoginForm, ResetForm

app_name = "accounts"

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "lupa-sandi/",
        views.LimitedPasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=ResetForm,
            email_template_name="accounts/password_reset_email.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "sandi-baru/<uidb64>/<token>/",
        views.AuditedPasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:login"),
        ),
        name="password_reset_confirm",
    ),
    path("verifikasi/", views.verify, name="verify"),
    path("keamanan/", views.security, name="security"),
]
