import Foundation

/// Files served by the binary: the dashboard and the OpenAPI document.
enum Assets {
    /// The dashboard page.
    static func dashboard() throws -> Data {
        try dashboardPage.get()
    }

    /// The OpenAPI document (`docs/openapi.yaml` links to it).
    static func openAPI() throws -> Data {
        try openAPIDocument.get()
    }

    private static let dashboardPage = Result { try load("index", "html", in: "Dashboard") }
    private static let openAPIDocument = Result { try load("openapi", "yaml", in: "OpenAPI") }

    private static func load(_ name: String, _ type: String, in folder: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: type, subdirectory: folder) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "\(folder)/\(name).\(type)"])
        }
        return try Data(contentsOf: url)
    }
}
