"""One user builder per role, as the portal really has them.

Roles, from least to most trusted:

- ``anonymous``: no user at all (``make_user`` returns ``None``).
- ``member`` / ``other_member``: a confirmed member of an organisation; no admin access.
- ``approver``: staff who may only approve new members (``portaal.approve_member`` and admin
  access), as a coordinator of an organisation is set up. Not ``change_user``: that opens
  Wagtail's user editor (anyone's password, groups and admin flag).
- ``editor``: Wagtail's own Editors group (add and change pages, submit for moderation).
- ``moderator``: Wagtail's own Moderators group (also publishes, approves workflow tasks).
- ``admin``: a superuser.

Groups and their permissions come from Wagtail's and the portal's migrations: a test that
gets a role gets exactly what a real account in that role gets, never a superuser in
disguise. Every user's password is ``PASSWORD``.
"""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

ROLES = ("anonymous", "member", "other_member", "approver", "editor", "moderator", "admin")
PASSWORD = "Zomer-in-de-wijk-2024"

_counter = itertools.count(1)


def _organisatie(name):
    from tests.factories import make_organisatie

    return make_organisatie(name)


def make_user(role: str = "member", *, email: str | None = None, **fields):
    """A saved user in ``role`` (see the module docstring); ``None`` for ``anonymous``."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if role == "anonymous":
        return None
    n = next(_counter)
    email = email or f"{role.replace('_', '-')}-{n}@example.org"
    defaults = {"first_name": role.replace("_", " ").capitalize(), "last_name": str(n),
                "email_confirmed": True}
    if role == "member":
        defaults["organisatie"] = _organisatie("Stimenz")
    elif role == "other_member":
        defaults["organisatie"] = _organisatie("Sociom")
    defaults.update(fields)
    User = get_user_model()
    if role == "admin":
        return User.objects.create_superuser(
            username=email, email=email, password=PASSWORD, **defaults
        )
    user = User.objects.create_user(username=email, email=email, password=PASSWORD, **defaults)
    if role in ("editor", "moderator"):
        user.groups.add(Group.objects.get(name="Editors" if role == "editor" else "Moderators"))
    elif role == "approver":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin",
                                   codename="access_admin"),
            Permission.objects.get(content_type__app_label="portaal", codename="approve_member"),
        )
    return user


def login(client, user):
    """Log ``client`` in as ``user`` (no-op for ``None``, the anonymous visitor)."""
    if user is not None:
        client.force_login(user)
    return client
