"""pytest plugin loaded before Django (``-p balatkop.testenv``): a throwaway secret for tests.

Settings refuse to start without SECRET_KEY when DEBUG is off; the test process is the one
place where a fixed key is right.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
