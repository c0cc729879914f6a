import ArgumentParser

/// `radar`: the Commitment Radar admin tool; `radar serve` runs the service.
public struct Radar: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "radar",
        abstract: "Commitment Radar: keep the top team's commitment to a coaching culture on the radar.",
        subcommands: [
            Setup.self, Migrate.self, Status.self, Org.self, StakeholderCommand.self, ConversationCommand.self,
            FearCommand.self, CommitmentCommand.self, InitiativeCommand.self, PriorityCommand.self, Guidelines.self,
            Demo.self, Query.self, Import.self, Export.self, Check.self, Flags.self, SilenceCommand.self, Explain.self,
            Rules.self,
            Snapshot.self, GDPR.self, Generate.self, UserCommand.self, TokenCommand.self, SignOnCommand.self,
            Serve.self,
            DigestCommand.self,
            CoachingCommand.self,
            PeerCommand.self,
            InfluenceCommand.self,
            LeaderCommand.self,
            NarrativeCommand.self,
            TensionCommand.self,
            BenefitCommand.self,
            StrategyCommand.self,
            CalendarCommand.self,
            BriefCommand.self,
            OwnersCommand.self,
            MineCommand.self,
            NotifyCommand.self,
            ActionCommand.self,
        ]
    )

    public init() {}
}
