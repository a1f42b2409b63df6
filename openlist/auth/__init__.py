"""Authentication: passwords, sessions, throttling, identity resolution, 2FA."""
