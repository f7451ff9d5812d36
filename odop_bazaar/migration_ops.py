"""Migration operations that only mean something on PostgreSQL."""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that is skipped on SQLite, for indexes the embedded mode cannot have."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
