from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from zona.accounts.models import User


class NipOrEmailBackend(ModelBackend):
    """Log in with an 18-digit NIP or an e-mail address (and, for admins, the username)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        user: User | None
        try:
            user = User.objects.get_by_login(username)
        except User.DoesNotExist:
            user = User.objects.filter(username=username.strip()).first()
        if user is None:
            # Spend the same time as a real check, so timing does not tell who exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
