#!/bin/sh
# Creates the catalog's topics on a single broker: create-topics.sh BOOTSTRAP TOPICS_FILE
# TOPICS_FILE has one "name partitions retention.ms" line a topic (deploy/compose/topics.txt).
# Existing topics are left alone, so running it again is harmless.
set -eu
kafka_topics="${KAFKA_TOPICS_COMMAND:-/opt/kafka/bin/kafka-topics.sh}"
bootstrap="$1"
list="$2"
created=0
while read -r name partitions retention; do
    case "$name" in ''|'#'*) continue ;; esac
    "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
        --topic "$name" --partitions "$partitions" --replication-factor 1 \
        --config "retention.ms=$retention" </dev/null
    created=$((created + 1))
done < "$list"
echo "create-topics: $created catalog topics present on $bootstrap"
