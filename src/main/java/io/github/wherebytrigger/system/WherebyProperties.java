package io.github.wherebytrigger.system;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Service-wide Whereby settings.
 */
@ConfigurationProperties("whereby")
@Validated
public class WherebyProperties {

	/**
	 * Domain below which the organisation subdomains live: room URLs are
	 * https://<subdomain>.<room-base-domain><roomName>.
	 */
	@Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?",
			message = "must be a host name such as whereby.com")
	private String roomBaseDomain = "whereby.com";

	public String getRoomBaseDomain() {
		return this.roomBaseDomain;
	}

	public void setRoomBaseDomain(String roomBaseDomain) {
		this.roomBaseDomain = roomBaseDomain;
	}

}
