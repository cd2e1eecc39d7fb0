import CutoverCore
import CutoverStore
import Foundation
import PostgresNIO

extension PostgresMigrationStore {
    public func commit(_ transition: Transition, to run: String, expectedRevision: UInt64) async throws -> CommitReceipt {
        let state = try StoreCoding.encode(transition.state)
        let actions = try StoreCoding.encode(transition.actions)
        let flags = try transition.flags.map { try StoreCoding.encode($0) }
        let verdicts = try transition.verdicts.map { ($0, try StoreCoding.encode($0.judgement)) }
        return try await transaction("commit transition") { connection -> CommitReceipt in
            let rows = try await connection.query("""
                SELECT revision, transition_id, last_receipt, event_count FROM runs WHERE id = \(run) FOR UPDATE
                """, logger: logger)
            var current: (Int64, UUID?, Data?, Int64)?
            for try await row in rows.decode((Int64, UUID?, Data?, Int64).self) { current = row }
            guard let (revisionValue, transitionID, lastReceipt, eventCount) = current else {
                throw StoreError(.notFound, "no run '\(run)'")
            }
            let base = CommitBase(
                revision: UInt64(revisionValue), transitionID: transitionID,
                lastReceipt: { try lastReceipt.map { try StoreCoding.decode(CommitReceipt.self, from: $0) } },
                eventCount: UInt64(eventCount)
            )
            let receipt: CommitReceipt
            switch try transition.decide(on: base, expectedRevision: expectedRevision, run: run) {
            case .alreadyCommitted(let earlier): return earlier
            case .store(let new): receipt = new
            }
            for stored in receipt.events {
                let event = stored.event
                try await connection.query("""
                    INSERT INTO events (run_id, sequence, kind, service, at_ns, actor, detail, rollback_id, recorded_at)
                    VALUES (\(run), \(Int64(stored.sequence)), \(event.kind.rawValue), \(event.service),
                            \(event.at.storedNanoseconds), \(event.actor), \(event.detail), \(event.rollbackID),
                            \(transition.recordedAt))
                    """, logger: logger)
            }
            if let snapshot = transition.flags, let flags {
                try await connection.query("""
                    INSERT INTO flag_snapshots (run_id, version, snapshot, recorded_at)
                    VALUES (\(run), \(Int64(snapshot.version)), \(flags), \(transition.recordedAt))
                    ON CONFLICT (run_id, version) DO NOTHING
                    """, logger: logger)
                // Delivered to every listening replica when the transaction commits.
                try await connection.query(
                    "SELECT pg_notify(\(Self.flagChannel), \("\(snapshot.version) \(run)"))", logger: logger
                )
            }
            for approval in transition.approvals {
                try await connection.query("""
                    INSERT INTO approvals (run_id, service, decision, actor, comment, evidence, at_ns)
                    VALUES (\(run), \(approval.service), \(approval.decision.rawValue), \(approval.actor),
                            \(approval.comment), \(approval.evidence), \(approval.at.storedNanoseconds))
                    """, logger: logger)
            }
            for (verdict, judgement) in verdicts {
                try await connection.query("""
                    INSERT INTO verdicts (run_id, service, judgement, rollout, at_ns)
                    VALUES (\(run), \(verdict.service), \(judgement), \(verdict.rollout), \(verdict.at.storedNanoseconds))
                    """, logger: logger)
            }
            for alert in transition.alertRecords(run: run, receipt: receipt) {
                try await connection.query("""
                    INSERT INTO alerts (run_id, sequence, route, status, attempts, next_attempt_at)
                    VALUES (\(run), \(Int64(clamping: alert.sequence)), \(alert.route), \(alert.status.rawValue), 0,
                            \(alert.nextAttemptAt))
                    ON CONFLICT (run_id, sequence, route) DO NOTHING
                    """, logger: logger)
            }
            let encodedReceipt = try StoreCoding.encode(receipt)
            try await connection.query("""
                UPDATE runs SET revision = \(Int64(receipt.revision)), state = \(state), actions = \(actions),
                    transition_id = \(transition.id), last_receipt = \(encodedReceipt),
                    event_count = \(eventCount + Int64(receipt.events.count))
                WHERE id = \(run)
                """, logger: logger)
            return receipt
        }
    }

    public func loadState(of run: String) async throws -> StoredState? {
        try await mapped("load state") {
            let rows = try await client.query(
                "SELECT revision, state, actions, transition_id FROM runs WHERE id = \(run)", logger: logger
            )
            for try await (revision, state, actions, transitionID) in rows.decode((Int64, Data?, Data?, UUID?).self) {
                guard let state, let actions else { return nil }
                return StoredState(
                    state: try StoreCoding.decode(ControllerState.self, from: state), revision: UInt64(revision),
                    actions: try StoreCoding.decode([ControllerAction].self, from: actions), transitionID: transitionID ?? UUID()
                )
            }
            return nil
        }
    }

    public func events(of run: String, after: UInt64, limit: Int) async throws -> [StoredEvent] {
        try await mapped("read events") {
            let rows = try await client.query("""
                SELECT sequence, kind, service, at_ns, actor, detail, rollback_id, recorded_at FROM events
                WHERE run_id = \(run) AND sequence > \(Int64(clamping: after)) ORDER BY sequence LIMIT \(Int64(clamping: limit))
                """, logger: logger)
            var events: [StoredEvent] = []
            for try await (sequence, kind, service, at, actor, detail, rollbackID, recordedAt) in rows.decode(
                (Int64, String, String?, Int64, String, String, String?, Date).self
            ) {
                events.append(StoredEvent(
                    sequence: UInt64(sequence),
                    event: MigrationEvent(
                        MigrationEvent.Kind(rawValue: kind), at: Duration(storedNanoseconds: at), service: service,
                        actor: actor, detail: detail, rollbackID: rollbackID
                    ),
                    recordedAt: recordedAt
                ))
            }
            return events
        }
    }

    public func flags(of run: String) async throws -> FlagSnapshot? {
        try await flagHistory(matching: """
            SELECT snapshot FROM flag_snapshots WHERE run_id = \(run) ORDER BY version DESC LIMIT 1
            """, operation: "load flags").first
    }

    public func flagHistory(of run: String, from version: UInt64) async throws -> [FlagSnapshot] {
        try await flagHistory(matching: """
            SELECT snapshot FROM flag_snapshots WHERE run_id = \(run) AND version >= \(Int64(clamping: version)) ORDER BY version
            """, operation: "read flag history")
    }

    private func flagHistory(matching query: PostgresQuery, operation: String) async throws -> [FlagSnapshot] {
        try await mapped(operation) {
            var snapshots: [FlagSnapshot] = []
            for try await data in try await client.query(query, logger: logger).decode(Data.self) {
                snapshots.append(try StoreCoding.decode(FlagSnapshot.self, from: data))
            }
            return snapshots
        }
    }

    public func approvals(of run: String) async throws -> [ApprovalRecord] {
        try await mapped("read approvals") {
            let rows = try await client.query("""
                SELECT service, decision, actor, comment, evidence, at_ns FROM approvals WHERE run_id = \(run) ORDER BY id
                """, logger: logger)
            var approvals: [ApprovalRecord] = []
            for try await (service, decision, actor, comment, evidence, at) in rows.decode(
                (String?, String, String, String, String, Int64).self
            ) {
                approvals.append(ApprovalRecord(
                    service: service, decision: ApprovalRecord.Decision(rawValue: decision) ?? .rejected, actor: actor,
                    comment: comment, evidence: evidence, at: Duration(storedNanoseconds: at)
                ))
            }
            return approvals
        }
    }

    public func verdicts(of run: String, service: String?, limit: Int) async throws -> [VerdictRecord] {
        try await mapped("read verdicts") {
            let rows = try await client.query("""
                SELECT service, judgement, rollout, at_ns FROM verdicts
                WHERE run_id = \(run) AND (\(service)::TEXT IS NULL OR service = \(service))
                ORDER BY id DESC LIMIT \(Int64(clamping: max(limit, 0)))
                """, logger: logger)
            var verdicts: [VerdictRecord] = []
            for try await (service, judgement, rollout, at) in rows.decode((String, Data, Double, Int64).self) {
                verdicts.append(VerdictRecord(
                    service: service, judgement: try StoreCoding.decode(Judgement.self, from: judgement), rollout: rollout,
                    at: Duration(storedNanoseconds: at)
                ))
            }
            return verdicts.reversed()
        }
    }
}
