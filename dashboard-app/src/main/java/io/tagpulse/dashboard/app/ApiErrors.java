package io.tagpulse.dashboard.app;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tagpulse.dashboard.InvalidQueryException;
import io.tagpulse.dashboard.QueryRepository;
import io.tagpulse.dashboard.UnknownTagException;
import io.tagpulse.dashboard.UnknownTrendException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of the API as {@code {"error": "..."}} saying what is wrong, never a stack trace or an exception's
 * class: 400 for a bad parameter, 404 for an unknown tag or path, 503 when the database or the live stream cannot
 * answer now (naming the sink's missing tables when they are not there yet, or the query timeout when a query ran
 * out of it), 500 (logged with its stack trace) for
 * anything else.
 */
@RestControllerAdvice
class ApiErrors {

    private static final Log logger = LogFactory.getLog(ApiErrors.class);

    private final QueryRepository queries;

    private final Duration queryTimeout;

    /**
     * @param queries asked which of the sink's tables are missing when a query fails, null for none
     * @param properties the query timeout, named when a query runs out of it
     */
    @Autowired
    ApiErrors(QueryRepository queries, DashboardProperties properties) {
        this(queries, properties.queryTimeout());
    }

    /**
     * @param queries asked which of the sink's tables are missing when a query fails, null for none
     * @param queryTimeout the statement timeout of every query, named when one runs out of it
     */
    ApiErrors(QueryRepository queries, Duration queryTimeout) {
        this.queries = queries;
        this.queryTimeout = queryTimeout;
    }

    /** Named, not imported: the server could be another one. */
    private static final String TOMCAT_INVALID_PARAMETER = "org.apache.tomcat.util.http.InvalidParameterException";

    @ExceptionHandler(InvalidQueryException.class)
    ResponseEntity<Map<String, Object>> invalidQuery(InvalidQueryException ex) {
        return error(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    @ExceptionHandler(UnknownTagException.class)
    ResponseEntity<Map<String, Object>> unknownTag(UnknownTagException ex) {
        Map<String, Object> body = body(ex.getMessage());
        body.put("tags", ex.tags());
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @ExceptionHandler(UnknownTrendException.class)
    ResponseEntity<Map<String, Object>> unknownTrend(UnknownTrendException ex) {
        return error(HttpStatus.NOT_FOUND, ex.getMessage());
    }

    @ExceptionHandler(LiveStream.TooManyClientsException.class)
    ResponseEntity<Map<String, Object>> tooManyClients(LiveStream.TooManyClientsException ex) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
    }

    @ExceptionHandler(ModerationTopic.UnavailableException.class)
    ResponseEntity<Map<String, Object>> moderationUnavailable(ModerationTopic.UnavailableException ex) {
        logger.warn("Moderation decision not written: " + (ex.getCause() == null ? "not sent"
                : ex.getCause().getMessage()));
        return error(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Map<String, Object>> databaseUnavailable(DataAccessException ex) {
        if (isTimeout(ex)) {
            logger.warn("Query cancelled after the query timeout (tagpulse.dashboard.query-timeout " + queryTimeout
                    + "): " + ex.getMostSpecificCause().getMessage());
            return error(HttpStatus.SERVICE_UNAVAILABLE, "the query ran longer than the query timeout of "
                    + queryTimeout.toSeconds() + " s and was cancelled: the database is busy or the query too "
                    + "large, try a shorter range or again later");
        }
        List<String> missing = ex instanceof BadSqlGrammarException ? missingTables() : List.of();
        if (!missing.isEmpty()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, StoreHealth.missingTablesMessage(missing));
        }
        logger.warn("Query failed: " + ex.getMessage());
        return error(HttpStatus.SERVICE_UNAVAILABLE, "the database cannot answer now, try again later");
    }

    /**
     * Whether the driver cancelled the statement for its timeout: Spring's translation, or the cause itself (JDBC's
     * timeout exception, or SQL state 57014, "query canceled", which PostgreSQL and H2 give).
     */
    static boolean isTimeout(DataAccessException ex) {
        if (ex instanceof QueryTimeoutException) {
            return true;
        }
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTimeoutException
                    || cause instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private List<String> missingTables() {
        try {
            return queries == null ? List.of() : queries.missingTables();
        }
        catch (DataAccessException unreachable) {
            return List.of();
        }
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException ex) {
        return error(HttpStatus.BAD_REQUEST, "parameter '" + ex.getParameterName() + "' is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> typeMismatch(MethodArgumentTypeMismatchException ex) {
        return error(HttpStatus.BAD_REQUEST, "parameter '" + ex.getName() + "' has an unreadable value");
    }

    /** A body the endpoint tried to read (GET with a body, on actuator) that is not what its type says. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadableBody(HttpMessageNotReadableException ex) {
        return error(HttpStatus.BAD_REQUEST, "the request body cannot be read as its Content-Type says");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException ex) {
        return error(HttpStatus.NOT_FOUND, "no such resource: /" + ex.getResourcePath());
    }

    // Nothing can be written: the client went away or takes no JSON, or a live stream timed out.
    @ExceptionHandler({ AsyncRequestTimeoutException.class, AsyncRequestNotUsableException.class,
            HttpMediaTypeNotAcceptableException.class })
    ResponseEntity<Void> noBody(Exception ex) {
        HttpStatusCode status = ex instanceof ErrorResponse response ? response.getStatusCode()
                : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).build();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> other(Exception ex) {
        if (ex instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            // Spring's own client errors (wrong method, unreadable request...): its detail says what, without a trace.
            String detail = response.getBody().getDetail();
            return error(response.getStatusCode(), detail != null ? detail : "bad request");
        }
        if (ex.getClass().getName().equals(TOMCAT_INVALID_PARAMETER)) {
            // Tomcat 11 refuses a query string it cannot split (such as "?=x", a value without a name).
            return error(HttpStatus.BAD_REQUEST, "the query string cannot be read: every parameter needs a name "
                    + "and a %-encoded value");
        }
        logger.error("Request failed", ex);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error, the server log says more");
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatusCode status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(message));
    }

    private static Map<String, Object> body(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return body;
    }
}
