package dev.podwire.workload;

/** Bodies copied byte for byte from the real servers' defaults. Pure constants. */
final class Pages {
    /** nginx's {@code /usr/share/nginx/html/index.html} up to 1.21.0 (612 bytes). */
    static final String NGINX_CLASSIC = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>Welcome to nginx!</title>
            <style>
                body {
                    width: 35em;
                    margin: 0 auto;
                    font-family: Tahoma, Verdana, Arial, sans-serif;
                }
            </style>
            </head>
            <body>
            <h1>Welcome to nginx!</h1>
            <p>If you see this page, the nginx web server is successfully installed and
            working. Further configuration is required.</p>

            <p>For online documentation and support please refer to
            <a href="http://nginx.org/">nginx.org</a>.<br/>
            Commercial support is available at
            <a href="http://nginx.com/">nginx.com</a>.</p>

            <p><em>Thank you for using nginx.</em></p>
            </body>
            </html>
            """;

    /** nginx's welcome page from 1.21.1 on, with {@code color-scheme} (615 bytes). */
    static final String NGINX_MODERN = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>Welcome to nginx!</title>
            <style>
            html { color-scheme: light dark; }
            body { width: 35em; margin: 0 auto;
            font-family: Tahoma, Verdana, Arial, sans-serif; }
            </style>
            </head>
            <body>
            <h1>Welcome to nginx!</h1>
            <p>If you see this page, the nginx web server is successfully installed and
            working. Further configuration is required.</p>

            <p>For online documentation and support please refer to
            <a href="http://nginx.org/">nginx.org</a>.<br/>
            Commercial support is available at
            <a href="http://nginx.com/">nginx.com</a>.</p>

            <p><em>Thank you for using nginx.</em></p>
            </body>
            </html>
            """;

    /** httpd's {@code htdocs/index.html} (45 bytes). */
    static final String HTTPD_IT_WORKS = "<html><body><h1>It works!</h1></body></html>\n";

    /** httpd's index.html timestamp and ETag, as every official image serves them. */
    static final String HTTPD_LAST_MODIFIED = "Mon, 11 Jun 2007 18:53:14 GMT";
    static final String HTTPD_ETAG = "\"2d-432a5e4a73a80\"";

    private Pages() {
    }

    /** {@return nginx's built-in error page, e.g. for 404 Not Found} */
    static String nginxError(int status, String reason, String version, boolean modern) {
        return "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n"
                + (modern ? "<body>\r\n" : "<body bgcolor=\"white\">\r\n")
                + "<center><h1>" + status + " " + reason + "</h1></center>\r\n"
                + "<hr><center>nginx/" + version + "</center>\r\n</body>\r\n</html>\r\n";
    }

    /** {@return Apache's error document for {@code status}} */
    static String httpdError(int status, String reason) {
        String detail = status == 404 ? "The requested URL was not found on this server."
                : status == 400 ? "Your browser sent a request that this server could not understand.<br />\n"
                : reason + ".";
        return "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + status + " " + reason
                + "</title>\n</head><body>\n<h1>" + reason + "</h1>\n<p>" + detail + "</p>\n</body></html>\n";
    }

    /** {@return Go net/http's plain-text error body, which agnhost sends, e.g. {@code "404 page not found\n"}} */
    static String goError(int status, String reason) {
        return status == 404 ? "404 page not found\n" : status + " " + reason + "\n";
    }
}
