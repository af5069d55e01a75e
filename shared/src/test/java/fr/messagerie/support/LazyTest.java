package fr.messagerie.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LazyTest {
    @Test
    void buildsOnFirstUseOnlyThenReturnsTheSameValue() {
        AtomicInteger builds = new AtomicInteger();
        Lazy<Object> lazy = Lazy.of(() -> {
            builds.incrementAndGet();
            return new Object();
        });
        assertFalse(lazy.isBuilt());
        assertEquals(0, builds.get());
        Object first = lazy.get();
        assertSame(first, lazy.get());
        assertTrue(lazy.isBuilt());
        assertEquals(1, builds.get());
    }

    @Test
    void concurrentFirstCallsBuildOnce() throws InterruptedException {
        AtomicInteger builds = new AtomicInteger();
        Lazy<Object> lazy = Lazy.of(() -> {
            builds.incrementAndGet();
            return new Object();
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(lazy.get());
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1, builds.get());
        assertEquals(8, seen.size());
        seen.forEach(value -> assertSame(seen.get(0), value));
    }

    @Test
    void aFailedBuildIsTriedAgainOnTheNextUse() {
        AtomicInteger calls = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("not yet");
            }
            return "built";
        });
        assertThrows(IllegalStateException.class, lazy::get);
        assertEquals("built", lazy.get());
        assertEquals(2, calls.get());
    }

    @Test
    void aWiringBuildsEveryPartAtOnceThoseAddedWhileBuildingIncluded() {
        Wiring wiring = new Wiring();
        AtomicInteger builds = new AtomicInteger();
        List<Lazy<Integer>> added = new ArrayList<>();
        Lazy<Integer> outer = wiring.lazy(() -> {
            added.add(wiring.lazy(builds::incrementAndGet));
            return builds.incrementAndGet();
        });
        Lazy<Integer> other = wiring.lazy(builds::incrementAndGet);
        wiring.buildAll();
        assertTrue(outer.isBuilt());
        assertTrue(other.isBuilt());
        assertTrue(added.get(0).isBuilt());
        assertEquals(3, builds.get());
        wiring.buildAll();
        assertEquals(3, builds.get());
    }

    @Test
    void aReadyValueIsBuiltAlready() {
        Lazy<String> ready = Lazy.ready("value");
        assertTrue(ready.isBuilt());
        assertEquals("value", ready.get());
    }
}
