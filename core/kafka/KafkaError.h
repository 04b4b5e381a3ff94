#pragma once

#include <QMetaType>
#include <QString>

namespace taskstream::kafka {

/// An error as a value: a librdkafka error code (or one of ours), its message and how to react.
/// Retriable -> retry with backoff; fatal -> re-create the client; otherwise report or dead-letter.
class KafkaError
{
public:
    /// Errors raised by Taskstream itself rather than librdkafka (outside librdkafka's code range).
    enum Code {
        NoError = 0,
        InvalidConfig = -100000,
        InvalidArgument,
        NotOpen,
        Unsupported,
        TimedOut,
        GroupNotEmpty, ///< a group's offsets cannot change while it has active members
    };

    KafkaError() = default;
    KafkaError(int code, QString message, bool fatal = false, bool retriable = false);
    /// Builds an error from a librdkafka code (rd_kafka_resp_err_t), with an optional context prefix.
    static KafkaError fromRdKafka(int rdCode, const QString &context = {});

    bool isError() const { return m_code != NoError; }
    int code() const { return m_code; }
    /// librdkafka's symbolic name (e.g. "_TRANSPORT", "UNKNOWN_TOPIC_OR_PART") or ours.
    QString codeName() const;
    QString message() const { return m_message; }
    bool isFatal() const { return m_fatal; }
    bool isRetriable() const { return m_retriable; }
    /// "codeName: message", for logs and one-line error reports.
    QString toString() const;

private:
    int m_code = NoError;
    QString m_message;
    bool m_fatal = false;
    bool m_retriable = false;
};

} // namespace taskstream::kafka

Q_DECLARE_METATYPE(taskstream::kafka::KafkaError)
