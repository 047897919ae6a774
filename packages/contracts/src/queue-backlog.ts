/**
 * The External metric a SyncSchedule's worker HPA scales on (served by prometheus-adapter
 * or KEDA from the workers' `/metrics`), selected by its `queue` label = the schedule's
 * queue (`syncQueueName`): jobs waiting to start. The operator writes the HPA, the workers
 * export the gauge (`@fincoach/jobs`).
 */
export const QUEUE_BACKLOG_METRIC = "fincoach_queue_backlog";
