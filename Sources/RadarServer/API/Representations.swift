internal import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

// How the store's values appear in the API. `sensitive` is false for roles that may not read fear statements,
// conversation notes and commitment descriptions: those members are then absent, not blank.

extension UUID {
    var apiText: String { uuidString.lowercased() }
}

extension Components.Schemas.Stakeholder {
    init(_ stakeholder: Stakeholder) {
        self.init(
            id: stakeholder.id.apiText, name: stakeholder.name, email: stakeholder.email, title: stakeholder.title,
            tier: word(stakeholder.tier), role: word(stakeholder.role), function: stakeholder.function,
            influence: stakeholder.influence, interest: stakeholder.interest,
            engagement: optionalWord(stakeholder.engagement),
            desiredEngagement: optionalWord(stakeholder.desiredEngagement), hrOwnerEmail: stakeholder.hrOwnerEmail,
            active: stakeholder.active, leftOn: stakeholder.leftOn?.description, version: stakeholder.version)
    }
}

extension Components.Schemas.Conversation {
    init(_ conversation: Conversation, sensitive: Bool) {
        self.init(
            id: conversation.id.apiText, ref: conversation.ref, occurredAt: conversation.occurredAt,
            kind: word(conversation.kind), purpose: optionalWord(conversation.purpose),
            initiatedBy: conversation.initiatedBy,
            notes: sensitive ? conversation.notes : nil, initiative: conversation.initiativeRef,
            participants: conversation.participants.map {
                .init(
                    email: $0.email, name: $0.name, attendance: word($0.attendance),
                    engagement: optionalWord($0.engagement))
            },
            guidelines: conversation.guidelines.map { word($0) },
            fears: conversation.fears.map { .init($0, sensitive: sensitive) },
            commitments: conversation.commitments.map { .init($0, sensitive: sensitive) },
            version: conversation.version)
    }
}

extension Components.Schemas.Fear {
    init(_ fear: Fear, sensitive: Bool) {
        self.init(
            id: fear.id.apiText, email: fear.email, name: fear.name, conversationRef: fear.conversationRef,
            category: word(fear.category), statement: sensitive ? fear.statement : nil, severity: word(fear.severity),
            status: word(fear.status), mitigation: sensitive ? fear.mitigation : nil,
            raisedOn: fear.raisedOn.description, resolvedOn: fear.resolvedOn?.description, version: fear.version)
    }
}

extension Components.Schemas.Commitment {
    init(_ commitment: Commitment, sensitive: Bool) {
        self.init(
            id: commitment.id.apiText, ownerEmail: commitment.ownerEmail, ownerName: commitment.ownerName,
            ownerIsLeader: commitment.ownerIsLeader, conversationRef: commitment.conversationRef,
            description: sensitive ? commitment.description : nil, madeOn: commitment.madeOn.description,
            dueOn: commitment.dueOn?.description, status: word(commitment.status),
            doneOn: commitment.doneOn?.description, accountabilityPartner: commitment.partnerEmail,
            version: commitment.version)
    }
}

extension Components.Schemas.Initiative {
    init(_ initiative: Initiative) {
        self.init(
            id: initiative.id.apiText, ref: initiative.ref, title: initiative.title, kind: word(initiative.kind),
            ownerEmail: initiative.ownerEmail, startsOn: initiative.startsOn.description,
            endsOn: initiative.endsOn?.description, status: word(initiative.status),
            successMeasure: initiative.successMeasure, outcome: initiative.outcome, evidence: initiative.evidence,
            cadenceDays: initiative.cadenceDays, pilot: initiative.pilot, version: initiative.version)
    }
}

extension Components.Schemas.Priority {
    init(_ priority: BusinessPriority) {
        self.init(
            id: priority.id.apiText, priority: priority.priority, function: priority.function,
            howCoachingHelps: priority.howCoachingHelps, endorsedBy: priority.endorsedBy,
            recordedOn: priority.recordedOn.description, version: priority.version)
    }
}

extension Components.Schemas.Flag {
    init(_ flag: RadarDomain.Flag) throws {
        self.init(
            id: flag.id.apiText, rule: flag.rule, guideline: flag.guideline, severity: word(flag.severity),
            status: word(flag.status),
            subjectType: word(flag.subjectKind), subject: flag.subject, subjectName: flag.subjectName,
            message: flag.message, nextStep: flag.nextStep,
            evidence: .init(additionalProperties: try objectContainer(flag.evidence)),
            firstRaisedAt: flag.firstRaisedAt, lastSeenAt: flag.lastSeenAt, resolvedAt: flag.resolvedAt,
            snoozedUntil: flag.snoozedUntil?.description, acknowledgedBy: flag.acknowledgedBy,
            reason: flag.statusReason, pendingSince: flag.pendingSince, opensOn: flag.opensOn?.description,
            suppressedBy: flag.suppressedBy?.apiText, suppressedByRule: flag.suppressedByRule,
            silenceId: flag.silence?.apiText, silenceReason: flag.silenceReason,
            silencedUntil: flag.silencedUntil?.description)
    }
}

extension Components.Schemas.Rule {
    init(_ rule: Rule) {
        self.init(
            code: rule.code, name: rule.name, guideline: rule.guideline, subjectKind: word(rule.subjectKind),
            condition: rule.condition, severity: word(rule.severity), escalationCondition: rule.escalationCondition,
            escalationSeverity: optionalWord(rule.escalationSeverity), message: rule.messageTemplate,
            nextStep: rule.nextStep, enabled: rule.enabled, version: rule.version, forDays: rule.forDays,
            suppresses: rule.suppresses)
    }
}
