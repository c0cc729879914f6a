import Foundation
import RadarTestSupport
import Testing

/// A calendar feed on 127.0.0.1 in its own Python process, as Google or Outlook serve a secret address: it serves
/// the files of a directory with an ETag and Last-Modified, answers a matching conditional GET with 304, answers
/// with the status written in `<dir>/status` when there is one, and logs every request as a JSON line. It exits
/// when its standard input closes, so it never outlives the test process.
final class CalendarFeedServer {
    private let peer: LoopbackScript
    var port: Int { peer.port }
    let directory: URL

    /// One request as the server saw it.
    struct Request: Decodable {
        var path: String
        var status: Int
        var ifNoneMatch: String?
        var ifModifiedSince: String?

        enum CodingKeys: String, CodingKey {
            case path, status, ifNoneMatch = "if_none_match", ifModifiedSince = "if_modified_since"
        }
    }

    static let script = """
        import email.utils, hashlib, http.server, json, os, sys, threading
        def exit_when_stdin_closes():
            sys.stdin.read()
            os._exit(0)
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
        root = sys.argv[1]
        lock = threading.Lock()
        class Feed(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                status, body, headers = 200, b'', {}
                status_file = os.path.join(root, 'status')
                path = os.path.join(root, os.path.basename(self.path))
                if os.path.exists(status_file):
                    status = int(open(status_file).read().strip())
                elif not os.path.exists(path):
                    status = 404
                else:
                    body = open(path, 'rb').read()
                    headers['ETag'] = '"' + hashlib.sha1(body).hexdigest() + '"'
                    headers['Last-Modified'] = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
                    headers['Content-Type'] = 'text/calendar; charset=utf-8'
                    if self.headers.get('If-None-Match') == headers['ETag']:
                        status, body = 304, b''
                with lock:
                    with open(os.path.join(root, 'requests.jsonl'), 'a') as f:
                        f.write(json.dumps({'path': self.path, 'status': status,
                                            'if_none_match': self.headers.get('If-None-Match'),
                                            'if_modified_since': self.headers.get('If-Modified-Since')}) + '\\n')
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Feed)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        peer = try LoopbackScript(Self.script, arguments: [directory.path], name: "calendar feed server")
    }

    /// Serves `text` as the file `name`.
    func serve(_ text: String, as name: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Answers every request with `status` from now on, or serves files again when nil.
    func answer(_ status: Int?) throws {
        let file = directory.appendingPathComponent("status")
        if let status { try String(status).write(to: file, atomically: true, encoding: .utf8) } else {
            try? FileManager.default.removeItem(at: file)
        }
    }

    /// Every request so far, in order.
    func requests() throws -> [Request] {
        try LoopbackScript.entries(of: directory.appendingPathComponent("requests.jsonl"))
    }

    /// Ends the server and removes its files.
    func stop() {
        peer.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
