package io.tagpulse.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypeHeaderFilterTests {

    private final MediaTypeHeaderFilter filter = new MediaTypeHeaderFilter();

    @Test
    void shouldAnswer415ToAContentTypeSpringCannotParseEvenWhereSpringItselfWouldThrow() throws Exception {
        // Spring Framework 7.0.8 throws StringIndexOutOfBoundsException for these, not InvalidMediaTypeException.
        for (String contentType : new String[] { "\"/!", "\"a/b", "\"\"/x", "a", "a/b/c", "a/b;c=\"x" }) {
            MockHttpServletResponse response = send(contentType, null);
            assertThat(response.getStatus()).as(contentType).isEqualTo(415);
            assertThat(response.getContentAsString()).contains("Content-Type header is not a media type");
        }
    }

    @Test
    void shouldAnswer415ToAWildcardContentType() throws Exception {
        for (String contentType : new String[] { "*/*", "application/*", "*/*;charset=UTF-8" }) {
            MockHttpServletResponse response = send(contentType, null);
            assertThat(response.getStatus()).as(contentType).isEqualTo(415);
            assertThat(response.getContentAsString()).contains("wildcard");
        }
    }

    @Test
    void shouldAnswer406ToAnUnparseableAcceptHeader() throws Exception {
        MockHttpServletResponse response = send(null, "text/html, \"a/b");

        assertThat(response.getStatus()).isEqualTo(406);
        assertThat(response.getContentAsString()).contains("Accept header");
    }

    @Test
    void shouldPassOrdinaryHeaders() throws Exception {
        assertThat(send("application/json; charset=UTF-8", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
            .getStatus()).isEqualTo(200);
        assertThat(send(null, null).getStatus()).isEqualTo(200);
        // Well-formed but unsupported types are Spring's to refuse (with its own 415), not this filter's.
        assertThat(send("application/xml", "text/csv").getStatus()).isEqualTo(200);
    }

    private MockHttpServletResponse send(String contentType, String accept) throws Exception {
        // The mock request parses a Content-Type it is given (and throws), as a real server does not.
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/posts") {

            @Override
            public String getHeader(String name) {
                return "Content-Type".equalsIgnoreCase(name) ? contentType : super.getHeader(name);
            }
        };
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
