/// The `cv-analyzer` service: scores a CV.
public protocol CVAnalyzing: Sendable {
    /// The sections, keywords, length and score of `cv`.
    func analyze(_ cv: CVDocument) async throws -> CVAnalysis
}
