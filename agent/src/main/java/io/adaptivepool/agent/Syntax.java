package io.adaptivepool.agent;

import io.adaptivepool.Saturation;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How a setting's value is written: parsed from the config text and formatted back. One class
 * with a switch, not a lambda per setting: this schema is read in {@code premain}, where each
 * lambda would spin a class (about 65 of them cost tens of milliseconds of every start-up).
 */
final class Syntax {
    static final Syntax BOOL = new Syntax(0);
    static final Syntax INTEGER = new Syntax(1);
    static final Syntax PORT = new Syntax(2);
    static final Syntax RATIO = new Syntax(3);
    static final Syntax DURATION = new Syntax(4);
    /** A duration, or {@code unbounded} (null). */
    static final Syntax DURATION_OR_UNBOUNDED = new Syntax(5);
    static final Syntax SATURATION = new Syntax(6);
    static final Syntax NON_EMPTY = new Syntax(7);
    static final Syntax USER = new Syntax(8);
    static final Syntax ENV_VARIABLE = new Syntax(9);
    static final Syntax PREFIXES = new Syntax(10);
    static final Syntax KINDS = new Syntax(11);

    private final int code;

    private Syntax(int code) {
        this.code = code;
    }

    Object parse(String value) throws Setting.InvalidValue {
        switch (code) {
            case 0: return SettingParsers.bool(value);
            case 1: return SettingParsers.integer(value);
            case 2: return SettingParsers.port(value);
            case 3: return SettingParsers.ratio(value);
            case 4: return SettingParsers.duration(value);
            case 5: return SettingParsers.durationOrUnbounded(value);
            case 6: return SettingParsers.saturation(value);
            case 7: return SettingParsers.nonEmpty(value);
            case 8: return SettingParsers.user(value);
            case 9: return SettingParsers.envVariable(value);
            case 10: return SettingParsers.prefixes(value);
            default: return PoolKind.parseList(value);
        }
    }

    @SuppressWarnings("unchecked")
    String format(Object value) {
        switch (code) {
            case 4: return SettingParsers.format((Duration) value);
            case 5: return SettingParsers.formatOrUnbounded((Duration) value);
            case 6: return ((Saturation) value).name();
            case 10: return SettingParsers.list((List<String>) value);
            case 11: return PoolKind.formatList((Set<PoolKind>) value);
            default: return String.valueOf(value);
        }
    }
}
