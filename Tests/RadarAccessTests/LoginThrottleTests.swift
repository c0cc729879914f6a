import Foundation
import RadarAccess
import Testing

@Suite("Brute-force protection")
struct LoginThrottleTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    /// Three free failures, then 1 s, 2 s, …; an account is refused for 15 minutes after five failures.
    let throttle = LoginThrottle(
        window: 15 * 60, freeFailures: 3, baseDelay: 1, maximumDelay: 30, accountLimit: 5, addressLimit: 8,
        lockout: 15 * 60)

    @Test("the delay doubles after the free failures, up to its cap")
    func delayDoubles() {
        #expect((1...10).map(throttle.delay(afterFailures:)) == [0, 0, 0, 1, 2, 4, 8, 16, 30, 30])
        #expect(throttle.delay(afterFailures: 10_000) == 30)
    }

    @Test("failed logins are slowed, then refused for a while, and allowed again after the window")
    func slowsThenRefusesThenRecovers() async throws {
        let fixture = try await AccessFixture(throttle: throttle)
        let person = try await fixture.person("target")
        let address = AccessFixture.address()
        func attempt(_ password: String, at offset: TimeInterval) async -> Result<Principal, AccessError> {
            do {
                return .success(
                    try await fixture.accounts.logIn(
                        email: person.email, password: password, address: address, now: start + offset))
            } catch let error as AccessError {
                return .failure(error)
            } catch {
                Issue.record(error)
                return .failure(.unauthenticated)
            }
        }
        func failure(_ result: Result<Principal, AccessError>) -> AccessError? {
            if case .failure(let error) = result { return error }
            return nil
        }

        for _ in 1...3 {
            #expect(failure(await attempt("wrong-guess-000000", at: 0)) == .invalidCredentials(delay: 0))
        }
        #expect(failure(await attempt("wrong-guess-000000", at: 0)) == .invalidCredentials(delay: 1))
        // Too soon: refused without looking at the password, even the right one.
        #expect(failure(await attempt(AccessFixture.password, at: 0.5)) == .throttled(retryAfter: 1))
        #expect(failure(await attempt("wrong-guess-000000", at: 1)) == .invalidCredentials(delay: 2))
        // Five failures: the account is refused for the lockout, counted from the last failure.
        #expect(failure(await attempt(AccessFixture.password, at: 3)) == .throttled(retryAfter: 898))
        #expect(failure(await attempt(AccessFixture.password, at: 900)) == .throttled(retryAfter: 1))
        // A whole window after the last failure the count is forgotten and the right password works.
        let recovered = await attempt(AccessFixture.password, at: 901)
        #expect(try recovered.get().userID == person.id)
        // Success cleared the account's count: the next failure is a first one again.
        #expect(failure(await attempt("wrong-guess-000000", at: 902)) == .invalidCredentials(delay: 0))
    }

    @Test("one address guessing across many accounts is refused too, but other addresses are not")
    func addressIsThrottledAcrossAccounts() async throws {
        let fixture = try await AccessFixture(throttle: throttle)
        let person = try await fixture.person("bystander")
        let attacker = AccessFixture.address()
        // Ten seconds apart, so each guess waits out the address's growing delay and counts.
        for index in 0..<8 {
            let email = "nobody-\(index)-\(UUID().uuidString.prefix(6))@example.org"
            let failure = try await #require(throws: AccessError.self) {
                try await fixture.accounts.logIn(
                    email: email, password: "guess-guess-guess", address: attacker, now: start + Double(index * 10))
            }
            #expect(failure == .invalidCredentials(delay: throttle.delay(afterFailures: index + 1)))
        }
        await #expect(throws: AccessError.throttled(retryAfter: 900)) {
            try await fixture.accounts.logIn(
                email: person.email, password: AccessFixture.password, address: attacker, now: start + 70)
        }
        let principal = try await fixture.accounts.logIn(
            email: person.email, password: AccessFixture.password, address: AccessFixture.address(), now: start + 70)
        #expect(principal.userID == person.id)
    }

    @Test("fifty guesses at once: only those the throttle allows have their password checked")
    func parallelGuessesCannotRaceTheThrottle() async throws {
        let fixture = try await AccessFixture(throttle: throttle)
        let person = try await fixture.person("raced")
        let address = AccessFixture.address()
        // All at the same instant: three free failures, then the fourth's delay refuses the rest.
        let outcomes = await withTaskGroup(of: AccessError?.self) { group in
            for index in 0..<50 {
                group.addTask {
                    do {
                        _ = try await fixture.accounts.logIn(
                            email: person.email, password: "wrong-guess-\(index)", address: address, now: start)
                        return nil
                    } catch let error as AccessError {
                        return error
                    } catch {
                        return .unauthenticated
                    }
                }
            }
            return await group.reduce(into: [AccessError?]()) { $0.append($1) }
        }
        let checked = outcomes.filter { if case .invalidCredentials = $0 { true } else { false } }
        let refused = outcomes.filter { if case .throttled = $0 { true } else { false } }
        #expect(checked.count == throttle.freeFailures + 1)
        #expect(refused.count == 50 - checked.count)
        let recorded = try await fixture.inspect(
            "SELECT failures FROM login_failures WHERE scope = 'account' AND subject = $1", [person.email])
        #expect(try recorded.map { try $0.decode("failures") as Int } == [checked.count])
    }

    @Test("an attempt whose clock reads a moment before the last failure is not made to wait for the free ones")
    func attemptsOutOfClockOrderAreNotSlowed() async throws {
        let fixture = try await AccessFixture(throttle: throttle)
        let person = try await fixture.person("out-of-order")
        let address = AccessFixture.address()
        for _ in 1...3 {
            await #expect(throws: AccessError.invalidCredentials(delay: 0)) {
                try await fixture.accounts.logIn(
                    email: person.email, password: "wrong-guess-000000", address: address, now: start + 1)
            }
        }
        // Read its clock half a second before the others finished: still within the free failures.
        let principal = try await fixture.accounts.logIn(
            email: person.email, password: AccessFixture.password, address: address, now: start + 0.5)
        #expect(principal.userID == person.id)
    }

    @Test("a success is not counted against its address")
    func successLeavesTheAddressCountAsItWas() async throws {
        let fixture = try await AccessFixture(throttle: throttle)
        let person = try await fixture.person("returning")
        let address = AccessFixture.address()
        for index in 0..<2 {
            await #expect(throws: AccessError.invalidCredentials(delay: 0)) {
                try await fixture.accounts.logIn(
                    email: "someone-else-\(index)-\(UUID().uuidString.prefix(8))@example.org",
                    password: "guess-guess-guess", address: address,
                    now: start)
            }
        }
        _ = try await fixture.accounts.logIn(
            email: person.email, password: AccessFixture.password, address: address, now: start + 1)
        let recorded = try await fixture.inspect(
            "SELECT failures FROM login_failures WHERE scope = 'address' AND subject = $1", [address])
        #expect(try recorded.map { try $0.decode("failures") as Int } == [2])
    }

    @Test("each failure is logged with e-mail and address but never the password")
    func failuresAreLoggedWithoutThePassword() async throws {
        let log = CapturedLog()
        let fixture = try await AccessFixture(throttle: throttle, logger: log.logger)
        let person = try await fixture.person("logged")
        let address = AccessFixture.address()
        let secretGuess = "Marker-Guess-\(UUID().uuidString)"
        for index in 0..<5 {
            await #expect(throws: AccessError.self) {
                try await fixture.accounts.logIn(
                    email: person.email, password: secretGuess, address: address, now: start + Double(index * 10))
            }
        }
        await #expect(throws: AccessError.self) {
            try await fixture.accounts.logIn(
                email: person.email, password: secretGuess, address: address, now: start + 41)
        }
        let entries = log.all
        let failures = entries.filter { $0.message == "login failed" }
        #expect(failures.count == 5)
        #expect(failures.allSatisfy { $0.metadata["email"] == person.email && $0.metadata["address"] == address })
        #expect(failures.last?.metadata["reason"] == "wrong password")
        #expect(entries.contains { $0.message == "login refused while throttled" })
        #expect(!entries.isEmpty)
        #expect(entries.allSatisfy { !$0.rendered.contains(secretGuess) && !$0.rendered.contains("Marker-Guess") })
    }
}
