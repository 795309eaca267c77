package io.adaptivepool.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an attribute of {@link AdaptivePoolMXBean} means, in the one place that says it: the text
 * that JConsole and VisualVM show as the attribute's description, and the {@code units} and
 * {@code metricType} fields of its descriptor, are read from this annotation on the attribute's
 * getter, and this Javadoc shows it beside the getter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Description {
    /** The description, ending with {@code Unit: ...} (and, for a writable attribute, what it accepts). */
    String value();

    /** The descriptor's {@code units} field ({@code threads}, {@code tasks}, {@code milliseconds}...); empty for text. */
    String units() default "";

    /** The descriptor's {@code metricType} field, {@code gauge} or {@code counter}; empty for a setting. */
    String metricType() default "";
}
