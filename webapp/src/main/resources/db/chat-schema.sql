-- Conversations of the browser chat and the UI settings. Idempotent: run at every start.
CREATE TABLE IF NOT EXISTS conversation (
    id          VARCHAR(36)  PRIMARY KEY,
    title       VARCHAR(200) NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);
CREATE TABLE IF NOT EXISTS chat_message (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    conversation_id VARCHAR(36) NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
    role            VARCHAR(16) NOT NULL,
    content         CLOB        NOT NULL,
    kind            VARCHAR(32) NOT NULL,
    citations       CLOB,
    tool_calls      CLOB,
    created_at      BIGINT      NOT NULL
);
CREATE INDEX IF NOT EXISTS chat_message_by_conversation ON chat_message(conversation_id, id);
CREATE TABLE IF NOT EXISTS ui_setting (
    name          VARCHAR(100)  PRIMARY KEY,
    setting_value VARCHAR(4000) NOT NULL
);
