"""Nobody can raise their own rights through the member-approval admin ("Nieuwe leden").

Every request is made as the real role through the real admin URL. After each post the
rights of every account (superuser flag, staff flag, groups, permissions, password) are
compared with what they were before.
"""

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

import pytest

from tests.roles import PASSWORD, login, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()

INDEX = "/admin/nieuwe-leden/"
OLD_INDEX = "/admin/portaal/user/"


def rights():
    return {
        user.pk: (
            user.is_superuser, user.is_staff, user.password,
            tuple(sorted(user.groups.values_list("pk", flat=True))),
            tuple(sorted(user.user_permissions.values_list("pk", flat=True))),
        )
        for user in User.objects.all()
    }


def waiting_member(name="Buurtwerk Oost"):
    return User.objects.create_user(
        username=f"{name}@example.org", email=f"{name.replace(' ', '')}@example.org",
        password=PASSWORD, first_name="Fatima", last_name="El Amrani", email_confirmed=True,
        is_active=False, organisatie_voorstel=name,
    )


@pytest.fixture
def people():
    return {
        "approver": make_user("approver"),
        "admin": make_user("admin"),
        "waiting": waiting_member(),
    }


def hostile_post(user):
    """Everything the old user edit form accepted, aimed at making ``user`` all-powerful."""
    return {
        "username": user.username, "email": user.email or "x@example.org",
        "first_name": "Mallory", "last_name": "X", "is_superuser": "on", "is_staff": "on",
        "is_active": "on", "groups": ["1", "2"], "user_permissions": ["1", "2", "3"],
        "password1": "Nieuw-wachtwoord-12345", "password2": "Nieuw-wachtwoord-12345",
    }


@pytest.mark.parametrize("target", ["approver", "admin", "waiting"])
@pytest.mark.parametrize("action", ["edit", "delete"])
def test_old_edit_and_delete_views_are_gone_for_every_account(client, people, target, action):
    login(client, people["approver"])
    user = people[target]
    before = rights()
    url = f"{OLD_INDEX}{action}/{user.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, hostile_post(user)).status_code == 404
    assert client.post(f"{OLD_INDEX}create/", hostile_post(user)).status_code == 404
    assert rights() == before
    assert User.objects.filter(pk=user.pk).exists()
    assert not User.objects.get(pk=people["approver"].pk).is_superuser


def test_approver_sees_the_queue_and_inspects_only_waiting_members(client, people):
    login(client, people["approver"])
    queue = client.get(INDEX)
    assert queue.status_code == 200
    html = queue.content.decode()
    assert "Buurtwerk Oost" in html
    assert people["admin"].email not in html and people["approver"].email not in html

    page = client.get(f"{INDEX}{people['waiting'].pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Buurtwerk Oost" in html and "Goedkeuren" in html
    # An inspect view, not a form on the user: none of the rights fields is there.
    for field in ("is_superuser", "user_permissions", "groups", "password", "pbkdf2", "md5$"):
        assert field not in html, field

    for other in ("approver", "admin"):
        assert client.get(f"{INDEX}{people[other].pk}/").status_code == 404
        assert client.post(f"{INDEX}{people[other].pk}/", hostile_post(people[other])
                           ).status_code == 404


@pytest.mark.parametrize("target", ["approver", "admin"])
def test_approve_finds_only_waiting_members(client, people, target):
    """Approving oneself, the superuser, or a blocked account is a 404 and changes nothing."""
    login(client, people["approver"])
    user = people[target]
    before = rights()
    response = client.post(reverse("account_approve", args=[user.pk]),
                           {**hostile_post(user), "next": INDEX})
    assert response.status_code == 404
    assert rights() == before


def test_approve_does_not_reactivate_a_blocked_account(client, people):
    blocked = make_user("member", is_active=False)
    blocked.last_login = blocked.date_joined
    blocked.save(update_fields=["last_login"])
    login(client, people["approver"])
    assert client.get(f"{INDEX}{blocked.pk}/").status_code == 404
    assert client.post(reverse("account_approve", args=[blocked.pk])).status_code == 404
    blocked.refresh_from_db()
    assert not blocked.is_active


def test_approving_a_waiting_member_still_works_and_mails(client, people):
    login(client, people["approver"])
    waiting = people["waiting"]
    before = rights()
    response = client.post(reverse("account_approve", args=[waiting.pk]),
                           {**hostile_post(waiting), "next": INDEX})
    assert response.status_code == 302
    assert response["Location"] == INDEX
    waiting.refresh_from_db()
    assert waiting.is_active and waiting.organisatie.name == "Buurtwerk Oost"
    assert mail.outbox[-1].to == [waiting.email]
    # Only the member's activation changed: nobody's rights, the member's included.
    assert rights() == before
    # Once approved the member is no longer in the queue.
    assert client.get(f"{INDEX}{waiting.pk}/").status_code == 404


@pytest.mark.parametrize("next_url", [
    "https://evil.example/", "//evil.example/", "/\\evil.example/", "http:evil.example",
    " https://evil.example/",
])
def test_approve_does_not_redirect_off_site(client, people, next_url):
    login(client, people["approver"])
    response = client.post(reverse("account_approve", args=[people["waiting"].pk]),
                           {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == INDEX


@pytest.mark.parametrize("role", ["member", "editor", "moderator"])
def test_other_roles_cannot_use_the_approval_views(client, people, role):
    user = make_user(role)
    login(client, user)
    waiting = people["waiting"]
    before = rights()
    for url in (INDEX, f"{INDEX}{waiting.pk}/"):
        response = client.get(url)
        # Members have no admin access (sent to the login); editors lack the permission
        # (Wagtail turns that into a redirect to the dashboard with a message).
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == "/admin/" or "/login/" in response["Location"]
    assert client.post(reverse("account_approve", args=[waiting.pk])).status_code == 403
    waiting.refresh_from_db()
    assert not waiting.is_active
    assert rights() == before


def test_approver_cannot_reach_the_wagtail_user_editor(client, people):
    """The approver role does not carry change_user, which opens anyone's account."""
    login(client, people["approver"])
    before = rights()
    admin = people["admin"]
    assert client.get(f"/admin/users/edit/{admin.pk}/").status_code in (302, 403)
    client.post(f"/admin/users/edit/{admin.pk}/", hostile_post(admin))
    client.post(f"/admin/users/edit/{people['approver'].pk}/", hostile_post(people["approver"]))
    assert rights() == before


def test_menu_shows_nieuwe_leden_only_to_approvers(client, people):
    login(client, people["approver"])
    assert "Nieuwe leden" in client.get("/admin/").content.decode()
    login(client, make_user("editor"))
    assert "Nieuwe leden" not in client.get("/admin/").content.decode()


def test_django_admin_is_gone(client, people):
    """Nothing needs it, and it lived outside the two-factor check."""
    for role in ("approver", "admin"):
        login(client, people[role])
        for url in ("/django-admin/", "/django-admin/portaal/user/",
                    f"/django-admin/portaal/user/{people['admin'].pk}/change/"):
            assert client.get(url).status_code == 404, url
