"""Password hashing: Argon2id at OWASP's minimum settings (19 MiB, 2 passes, 1 lane).

Django's Argon2 defaults (100 MiB, 8 lanes) and its PBKDF2 (1,000,000 iterations) each cost
0.3-0.6 s of CPU per log-in on this two-core machine, which timed logins out in a sale. These
settings cost well under 100 ms (bench/RESULTS.md, `bench/password_hash.py`), and hashes made
with other settings or other hashers are upgraded at the next successful log-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
