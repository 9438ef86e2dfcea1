// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Faucet {
    mapping(address => uint256) public balanceOf;
    function drip() external { balanceOf[msg.sender] += 1 ether; }
}
