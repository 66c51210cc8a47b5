-- The tool switches of a conversation (the Tools panel, GET/PUT /api/conversations/{id}/tools).
-- No row: the application's defaults. Idempotent: run at every start, after chat-schema.sql.
CREATE TABLE IF NOT EXISTS conversation_tools (
    conversation_id VARCHAR(36)  PRIMARY KEY REFERENCES conversation(id) ON DELETE CASCADE,
    enabled_tools   CLOB         NOT NULL,
    tool_choice     VARCHAR(100) NOT NULL,
    updated_at      BIGINT       NOT NULL
);
