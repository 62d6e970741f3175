package io.tagpulse.filter.app;

import java.util.function.Predicate;

import io.tagpulse.contracts.Post;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * The filter's SpEL rule, like the stock Data Flow filter's {@code expression}: evaluated against each post, whose
 * fields are properties ({@code language == 'en' and text.length() < 280}). The evaluation context allows reading
 * properties and calling instance methods only: no type references, constructors or bean references, so a setting
 * cannot run arbitrary code.
 */
final class PostExpression implements Predicate<Post> {

    static final String PROPERTY = "tagpulse.filter.expression";

    private final String source;

    private final Expression expression;

    private final EvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding()
        .withInstanceMethods()
        .build();

    private PostExpression(String source, Expression expression) {
        this.source = source;
        this.expression = expression;
    }

    /** @throws IllegalStateException naming the property and the position of the error when it does not parse */
    static PostExpression parse(String source) {
        try {
            return new PostExpression(source, new SpelExpressionParser().parseExpression(source));
        }
        catch (ParseException ex) {
            throw new IllegalStateException(PROPERTY + " '" + source + "' is not a valid SpEL expression: "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * @throws IllegalArgumentException when the expression fails on this post or is not true or false; the binder
     *         sends the post to the dead-letter topic with this reason, so nothing is lost silently
     */
    @Override
    public boolean test(Post post) {
        Object value;
        try {
            value = expression.getValue(context, post);
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException(PROPERTY + " '" + source + "' failed on post " + post.id() + ": "
                    + ex.getMessage(), ex);
        }
        if (value instanceof Boolean result) {
            return result;
        }
        throw new IllegalArgumentException(PROPERTY + " '" + source + "' gave " + value + " for post " + post.id()
                + ", not true or false");
    }
}
