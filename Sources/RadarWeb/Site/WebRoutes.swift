/// Every route of the site. A page is one file under `Pages/` (with its templates under `Templates/`) exposing
/// `static let routes: [WebRoute]`, and one line here.
enum WebRoutes {
    static let all: [WebRoute] = [
        LoginPage.routes,
        SignOnPage.routes,
        LogoutPage.routes,
        PasswordPage.routes,
        SwitchOrganisationPage.routes,
        DashboardPage.routes,
        RecordConversationPage.routes,
        StakeholderPage.routes,
        FearsPage.routes,
        FlagsPage.routes,
        FlagPage.routes,
        InitiativesPage.routes,
        InitiativePage.routes,
        NarrativesPage.routes,
        InfluencePage.routes,
        DigestsPage.routes,
        AdminUsersPage.routes,
        AdminTokensPage.routes,
        AdminSilencesPage.routes,
        AdminSignOnPage.routes,
        CalendarDraftsPage.routes,
        BriefPage.routes,
        MinePage.routes,
        OwnersPage.routes,
        NoticeLinkPage.routes,
    ].flatMap { $0 }
}
