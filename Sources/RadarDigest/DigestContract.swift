import Foundation
import RadarStore

// The seam between the digest's content (Digest, DigestBuilder, renderers) and its delivery
// (archive, outbox, channels, schedule). Both sides code against exactly these names.

/// The four ways a digest is shown; every renderer reads the same `Digest` value.
public enum DigestFormat: String, Sendable, CaseIterable, Codable {
    case text, markdown, html, json

    /// The media type a file, a mail part or an HTTP response of this format carries.
    public var mediaType: String {
        switch self {
        case .text: "text/plain; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .json: "application/json"
        }
    }

    /// The file name extension for this format.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .markdown: "md"
        case .html: "html"
        case .json: "json"
        }
    }
}
