"""Users for the accountability tests."""

from django.contrib.auth.models import Group, User


def user_with(role=None, unit=None, name=None, also=None):
    # No password: tests sign in with force_login, and hashing one costs a third of a second.
    user = User.objects.create(username=name or f"u{User.objects.count() + 1}")
    for group in (role, also):
        if group:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
    if unit:
        unit.members.add(user)
    return user
