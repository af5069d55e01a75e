package fr.messagerie.browser;

class CompanyJourneyWithJavaScriptTest extends CompanyJourneyTest {
    @Override
    boolean javascript() {
        return true;
    }
}
