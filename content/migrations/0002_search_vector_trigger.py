"""Keep Article.search_vector in step with the text, in the database itself.

A trigger means every write path (admin, loader, shell, bulk update) updates
the vector. PostgreSQL only: SQLite searches with a plain fallback.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION content_article_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS content_article_search_vector ON content_article;
CREATE TRIGGER content_article_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, body_text ON content_article
    FOR EACH ROW EXECUTE FUNCTION content_article_search_vector();

UPDATE content_article SET title = title;
"""

DROP = """
DROP TRIGGER IF EXISTS content_article_search_vector ON content_article;
DROP FUNCTION IF EXISTS content_article_search_vector();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
