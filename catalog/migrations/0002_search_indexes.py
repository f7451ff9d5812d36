from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from odop_bazaar.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    """Full-text and trigram indexes for search (PostgreSQL only; SQLite uses icontains)."""

    dependencies = [("catalog", "0001_initial")]

    operations = [
        TrigramExtension(),
        PostgresOnlySQL(
            "CREATE INDEX listing_search_vector_idx ON catalog_listing USING gin (search_vector);",
            "DROP INDEX IF EXISTS listing_search_vector_idx;",
        ),
        PostgresOnlySQL(
            "CREATE INDEX listing_search_document_trgm_idx ON catalog_listing "
            "USING gin (search_document gin_trgm_ops);",
            "DROP INDEX IF EXISTS listing_search_document_trgm_idx;",
        ),
    ]
