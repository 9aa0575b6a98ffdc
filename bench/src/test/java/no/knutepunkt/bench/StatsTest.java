package no.knutepunkt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void nearestRankPercentiles() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // 1..100, unsorted
        }
        Stats.Summary s = Stats.summarize(values);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p95()).isEqualTo(95);
        assertThat(s.p99()).isEqualTo(99);
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.mean()).isEqualTo(50.5);
    }

    @Test
    void smallAndEmptySets() {
        assertThat(Stats.summarize(new long[] {7}).p99()).isEqualTo(7);
        assertThat(Stats.summarize(new long[] {1, 2}).p50()).isEqualTo(1);
        assertThat(Stats.summarize(new long[0]).count()).isZero();
        assertThat(Stats.summarize(new long[0]).p50()).isNaN();
    }

    @Test
    void retryAfterInSecondsOrAsADate() {
        assertThat(LoadGen.retryAfterMillis("2")).isEqualTo(2000);
        assertThat(LoadGen.retryAfterMillis("0.5")).isEqualTo(500);
        assertThat(LoadGen.retryAfterMillis(null)).isEqualTo(1000);
        assertThat(LoadGen.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
    }

    @Test
    void artemisThroughputSkipsTheWarmUp() throws Exception {
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree("""
                [{"sampleType":"interval","warmup":true,"time":1000,"sent":5,"received":5},
                 {"sampleType":"interval","warmup":false,"time":2000,"sent":100,"received":90},
                 {"sampleType":"interval","warmup":false,"time":3000,"sent":100,"received":110},
                 {"sampleType":"summary","result":"success"}]""");
        Report.ArtemisPerf perf = Report.artemisPerf(json);
        assertThat(perf.receivedPerSec()).isEqualTo(100.0);
        assertThat(perf.peakReceivedPerSec()).isEqualTo(110.0);
        assertThat(perf.seconds()).isEqualTo(2.0);
    }
}
