"""Member accounts (leden): registration, e-mail confirmation, approval, login, password reset.

An account is active only after the e-mail address is confirmed and, when the member named
an organisation that is not in the list yet, after an editor approved it.
"""
