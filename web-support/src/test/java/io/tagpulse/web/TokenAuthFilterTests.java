package io.tagpulse.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAuthFilterTests {

    private final TokenAuthFilter filter = new TokenAuthFilter("s3cret", "tagpulse.test.token",
            PathRule.under("/").except("/actuator/"));

    @Test
    void shouldPassARequestWithTheBearerToken() throws Exception {
        assertThat(send("/api/tags/top", "Bearer s3cret").getStatus()).isEqualTo(200);
        assertThat(send("/api/tags/top", "bearer  s3cret ").getStatus()).isEqualTo(200);
    }

    @Test
    void shouldPassABrowserThatGivesTheTokenAsItsBasicPassword() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("anyone:s3cret".getBytes(StandardCharsets.UTF_8));

        assertThat(send("/", basic).getStatus()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAMissingTokenWithBothChallengesAndSayWhatIsNeeded() throws Exception {
        MockHttpServletResponse response = send("/api/trends", null);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaders("WWW-Authenticate")).containsExactly("Bearer realm=\"tagpulse\"",
                "Basic realm=\"tagpulse\", charset=\"UTF-8\"");
        assertThat(response.getContentAsString()).contains("tagpulse.test.token").doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseWrongPrefixedOrMalformedTokensWithoutEchoingThem() throws Exception {
        String wrongBasic = "Basic " + Base64.getEncoder().encodeToString("s3cret:nope".getBytes(StandardCharsets.UTF_8));
        for (String header : new String[] { "Bearer nope", "Bearer s3cretX", "Bearer s3cre", "s3cret", "Token s3cret",
                wrongBasic, "Basic !!!notbase64", "Basic " + Base64.getEncoder().encodeToString("s3cret".getBytes()),
                "Bearer", "" }) {
            MockHttpServletResponse response = send("/api/tags/top", header);
            assertThat(response.getStatus()).as(header).isEqualTo(401);
            assertThat(response.getContentAsString()).as(header).contains("not valid").doesNotContain("nope");
        }
    }

    @Test
    void shouldLeaveExemptAndUnguardedPathsOpen() throws Exception {
        assertThat(send("/actuator/health", null).getStatus()).isEqualTo(200);
        TokenAuthFilter postsOnly = new TokenAuthFilter("s3cret", "t", PathRule.under("/posts"));
        MockHttpServletResponse other = new MockHttpServletResponse();
        postsOnly.doFilter(request("/postsfeed", null), other, new MockFilterChain());
        assertThat(other.getStatus()).isEqualTo(200);
    }

    @Test
    void shouldGuardThePathAsTheDispatcherSeesItNotTheRawUri() throws Exception {
        // Tomcat normalizes /actuator/../api/tags to the servlet path /api/tags; the raw URI must not decide.
        MockHttpServletRequest request = request("/api/tags/top", null);
        request.setRequestURI("/actuator/../api/tags/top");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(401);
    }

    @Test
    void shouldCheckNothingWhenNoTokenIsSet() throws Exception {
        TokenAuthFilter off = new TokenAuthFilter("", "t", PathRule.under("/"));
        MockHttpServletResponse response = new MockHttpServletResponse();

        off.doFilter(request("/api/tags/top", "Bearer anything"), response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(200);
    }

    private MockHttpServletResponse send(String path, String authorization) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request(path, authorization), response, chain);
        assertThat(chain.getRequest() != null).isEqualTo(response.getStatus() == 200);
        return response;
    }

    static MockHttpServletRequest request(String path, String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
