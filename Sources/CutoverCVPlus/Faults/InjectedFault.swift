/// The error a candidate throws when an injected ``Fault`` of kind `errorRate` strikes.
public struct InjectedFault: Error, Hashable, Sendable, CustomStringConvertible {
    /// The service whose candidate failed.
    public var service: CVPlusService

    /// A failure of `service`'s candidate.
    public init(service: CVPlusService) {
        self.service = service
    }

    public var description: String {
        "injected fault in the \(service) candidate"
    }
}
