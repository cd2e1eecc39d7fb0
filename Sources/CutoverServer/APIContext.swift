import Hummingbird

/// The request context of the API: Hummingbird's core context with the API's body limit.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies above this are refused with 413.
    public var maxUploadSize: Int { JSON.maximumBody }
}
