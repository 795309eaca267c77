package com.example.legacy;

/** Mentions both names, but calls nothing: the byte search lets it through, the rewrite leaves it alone. */
public class Mentions {
    public String text() {
        return "java/util/concurrent/Executors newCachedThreadPool";
    }
}
