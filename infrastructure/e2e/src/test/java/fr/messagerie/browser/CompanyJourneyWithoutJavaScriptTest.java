package fr.messagerie.browser;

/** JavaScript disabled: the pages work without it; only what needs a script in the page (axe) is left out. */
class CompanyJourneyWithoutJavaScriptTest extends CompanyJourneyTest {
    @Override
    boolean javascript() {
        return false;
    }
}
