#pragma once
// What GET /metrics reads from the database (api/metrics.h): the work waiting in each queue.
#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::metrics {

// One row per queue: its name, the items waiting and the oldest one's creation (NULL when empty).
// Each reads a partial index of waiting items or a table that only holds unfinished jobs.
inline constexpr Query queues{
    "metrics.queues",
    "SELECT 'outbox' AS queue, COUNT(*) AS waiting, MIN(created_at) AS oldest FROM outbox "
    "WHERE sent_at IS NULL AND failed_at IS NULL "
    "UNION ALL SELECT 'webhook_deliveries', COUNT(*), MIN(created_at) FROM webhook_deliveries "
    "WHERE status = 'pending' "
    "UNION ALL SELECT 'invitation_jobs', COUNT(*), MIN(created_at) FROM invitation_jobs "
    "UNION ALL SELECT 'bulk_jobs', COUNT(*), MIN(created_at) FROM bulk_jobs"};
inline constexpr Columns queue_columns{queues};

}  // namespace lineport::storage::sql::metrics
