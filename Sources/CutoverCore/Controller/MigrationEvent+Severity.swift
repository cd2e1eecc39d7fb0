extension MigrationEvent {
    /// How much the event matters to people, which decides the notification routes that carry
    /// it (the spec's Communication Plan):
    ///
    /// - success: a service or a phase completed (Slack);
    /// - warning: a metric past its warning level, a failed preflight, a run or service paused
    ///   by the controller for a manual decision (e-mail and SMS);
    /// - critical: a rollback initiated, completed, failed or refused (PagerDuty).
    ///
    /// Other events have no severity; a route carries them only when it names their kind or
    /// carries `all`.
    public var severity: NotificationRoute.Severity? {
        switch kind {
        case .serviceCompleted, .phaseCompleted:
            .success
        case .warning, .preflightFailed:
            .warning
        case .paused where actor == "controller":
            .warning
        case .rollbackInitiated, .rollbackCompleted, .rollbackFailed, .rollbackRefused:
            .critical
        default:
            nil
        }
    }
}
