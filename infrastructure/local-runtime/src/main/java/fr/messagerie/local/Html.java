package fr.messagerie.local;

/** Escaping and the common frame of the runtime's own pages (home page, mailbox). */
final class Html {

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:64rem;margin:1rem auto;padding:0 1rem;color:#1e1e1e;\
            line-height:1.45}a{color:#000091}table{border-collapse:collapse;width:100%}\
            th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}\
            pre,code{background:#f4f4f4;padding:.1rem .3rem;overflow-x:auto}pre{padding:.6rem;white-space:pre-wrap;\
            word-break:break-all}iframe{width:100%;height:32rem;border:1px solid #bbb}.muted{color:#555}""";

    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>"
                + body + "</body></html>";
    }
}
