package no.knutepunkt.platform.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FundingNeedTest {

    @Test
    void bergenCovers47PercentOf19AndAHalfMillionAndTheKeyBringsInTheRest() {
        FundingNeed need = new FundingNeed(19_500_000_00L, Map.of(Vestland.BERGEN, 47));
        FundingTable table = FundingModel.compute(Vestland.agreement(), Vestland.members().all(), List.of());

        assertThat(need.selfFinancedOre(Vestland.BERGEN)).isEqualTo(9_165_000_00L);
        assertThat(need.selfFinancedOre(Vestland.ALVER)).isZero();
        // the seed: the others "til saman 53 %, berekna til 10,4 millionar kroner"
        assertThat(need.remainingOre()).isEqualTo(10_335_000_00L);
        // the key gives 10 370 720 kr: 35 720 kr more than the 53 %
        assertThat(need.balanceOre(table)).isEqualTo(35_720_00L);
    }

    @Test
    void sharesAreRoundedHalfUpToWholeOre() {
        assertThat(new FundingNeed(1L, Map.of(Vestland.BERGEN, 50)).selfFinancedOre(Vestland.BERGEN)).isEqualTo(1L);
        assertThat(new FundingNeed(3L, Map.of(Vestland.BERGEN, 33)).selfFinancedOre(Vestland.BERGEN)).isEqualTo(1L);
    }

    @Test
    void sharesBeyondTheWholeNeedAreRefused() {
        assertThatThrownBy(() -> new FundingNeed(100L, Map.of(Vestland.BERGEN, 101)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FundingNeed(100L, Map.of(Vestland.BERGEN, 60, Vestland.ALVER, 41)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101 %");
        assertThatThrownBy(() -> new FundingNeed(-1L, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
